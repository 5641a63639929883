"""Exchange: JSON backup, Markdown and calendar exports, the demo, replication."""
