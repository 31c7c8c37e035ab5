"""Growth sweeps."""
