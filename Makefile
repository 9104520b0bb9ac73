bench:
	scripts/bench.sh

bench-video:
	scripts/bench-video.sh

fuzz:
	scripts/fuzz.sh

test:
	scripts/test.sh

deb:
	scripts/deb.sh

deb-test:
	scripts/deb-test.sh

.PHONY: bench bench-video fuzz test deb deb-test
