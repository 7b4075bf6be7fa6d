"""Reference data shipped with the code: regions (Kemendagri codes), agencies, categories."""
