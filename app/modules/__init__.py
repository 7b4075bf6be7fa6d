"""The plug-in machinery: descriptor, discovery, validation, installation, CLI and scaffold."""
