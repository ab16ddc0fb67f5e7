"""Media every app shares: image checks and thumbnails, the one download function."""
