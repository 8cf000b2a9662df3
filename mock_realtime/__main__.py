from mock_realtime.cli import main

main()
