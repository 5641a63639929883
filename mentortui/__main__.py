from mentortui.cli import main

raise SystemExit(main())
