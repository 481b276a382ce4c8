# chorus_free_port: a TCP port on 127.0.0.1 that nothing listens on, as the kernel hands one out for bind(0).
# A random number in 20000–60000 was not enough: ports from 32768 up are also the kernel's ephemeral range, and the
# CI's smoke test once drew one a test's outgoing connection held ("Address already in use").
chorus_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
