// Tests of CLI live in this folder.
