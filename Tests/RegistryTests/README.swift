// Tests of Registry live in this folder.
