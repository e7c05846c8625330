"""HTTP endpoints, one module per audience: teachers' pages, students' pages, the student API,
static files."""
