// Tests of ImageAnalysis live in this folder.
