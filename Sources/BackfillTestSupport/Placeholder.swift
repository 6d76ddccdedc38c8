enum PlaceholderBackfillTestSupport {}
