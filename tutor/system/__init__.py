"""Process and OS plumbing: where files go, the start-up cache, the error log, garbage collection."""
