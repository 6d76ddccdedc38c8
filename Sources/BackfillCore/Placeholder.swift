enum PlaceholderBackfillCore {}
