"""The Textual user interface: screens, dialogs and the widgets they share."""
