from idkb.fastpath import main

main()
