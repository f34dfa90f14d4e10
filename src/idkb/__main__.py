from idkb.cli.main import main

main()
