// IAMPolicy: see docs/ARCHITECTURE.md. Pure module: no networking, no file system, no global state.
