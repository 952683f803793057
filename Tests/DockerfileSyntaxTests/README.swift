// Tests of DockerfileSyntax live in this folder.
