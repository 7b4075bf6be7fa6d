"""(being built) File storage for attachments: a local folder or an S3-compatible bucket."""
