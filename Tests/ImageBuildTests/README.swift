// Tests of ImageBuild live in this folder.
