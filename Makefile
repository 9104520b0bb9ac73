bench:
	scripts/bench.sh

bench-video:
	scripts/bench-video.sh

bench-cache:
	scripts/bench-cache.sh

eval:
	scripts/eval.sh

fuzz:
	scripts/fuzz.sh

test:
	scripts/test.sh

deb:
	scripts/deb.sh

deb-test:
	scripts/deb-test.sh

.PHONY: bench bench-video bench-cache eval fuzz test deb deb-test
