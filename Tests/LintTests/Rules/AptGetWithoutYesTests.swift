import Testing

@testable import Lint

@Suite("SS0150 apt-get-without-yes")
struct AptGetWithoutYesTests {
    @Test("install without -y, also in an ONBUILD trigger and with -q alone")
    func reported() {
        expectFindings(
            AptGetWithoutYes(),
            """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install --no-install-recommends ca-certificates
                                  ^ SS0150
            RUN DEBIAN_FRONTEND=noninteractive apt-get install -q make
                ^ SS0150
            RUN apt-get --quiet install gcc
                ^ SS0150
            ONBUILD RUN apt-get install git
                        ^ SS0150
            """)
    }

    @Test("the forms that answer the prompt: -y, --yes, --assume-yes, -qq, -q -q, -q=2, a cluster, yes |")
    func answered() {
        expectFindings(
            AptGetWithoutYes(),
            """
            FROM debian:bookworm-slim
            RUN apt-get install -y curl
            RUN apt-get -qy install curl
            RUN apt-get --yes install curl
            RUN apt-get install --assume-yes curl
            RUN apt-get install -qq curl
            RUN apt-get install -q -q curl
            RUN apt-get install --quiet --quiet curl
            RUN apt-get install -q=2 curl
            RUN apt-get -o APT::Get::Assume-Yes=true install curl
            RUN yes | apt-get install curl
            RUN apt-get install -s curl
            ONBUILD RUN apt-get install -y git
            RUN apt-get update
            """)
    }

    @Test("an APT::Get::Assume-Yes setting the Dockerfile writes answers every prompt")
    func configured() {
        expectFindings(
            AptGetWithoutYes(),
            """
            FROM ubuntu:24.04
            RUN echo 'APT::Get::Assume-Yes "true";' > /etc/apt/apt.conf.d/90yes
            RUN apt-get update && apt-get install curl
            """)
    }
}
