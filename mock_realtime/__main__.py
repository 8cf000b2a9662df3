from mock_realtime.cli.commands import main

main()
