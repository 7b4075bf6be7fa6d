"""In-tree agency service modules (each declared as a `satupintu.services` entry point)."""
