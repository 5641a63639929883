"""The app's main screens, one per global key 1…7."""
