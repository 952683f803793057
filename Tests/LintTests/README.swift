// Tests of Lint live in this folder.
