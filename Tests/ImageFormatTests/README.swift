// Tests of ImageFormat live in this folder.
