from idkb.cli import main

main()
