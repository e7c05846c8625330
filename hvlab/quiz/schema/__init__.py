"""The JSON Schema of quiz files (``quiz.schema.json``), shipped as package data."""
