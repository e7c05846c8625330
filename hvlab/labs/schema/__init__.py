"""The JSON Schema of ``lab.yaml`` (``lab.schema.json``), shipped as package data."""
