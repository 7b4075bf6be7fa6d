"""Platform administration API (platform admins only)."""
