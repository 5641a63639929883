"""Domain: one function per user action, each one undoable change; the guide and agreement rules."""
