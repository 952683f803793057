// The DockerfileSyntax module. Its types arrive with its issue; see README.md for the layout.
