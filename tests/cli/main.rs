//! Integration tests: the real binary on temporary databases.
