# Shared by the tests that need cairn installed (sourced, not run): builds
# the distribution (make distdir) in a scratch directory, configured with
# --prefix="$prefix".  Needs $tmp (removed by the caller) and $MAKE; leaves
# the build in "$tmp/build" and the sources in "$tmp/src".
: "${tmp:?}" "${prefix:?}"
MAKE=${MAKE:-make}
# the nested build is a build of its own: no jobserver or overrides of ours
clean_make() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u DESTDIR make "$@"; }
installhelp_build() {
	dist=cairn-install-test-$$
	# the distribution's files, as a tarball would have them
	if ! $MAKE distdir distdir="$dist" >"$tmp/distdir.log" 2>&1; then
		rm -rf "$dist"; cat "$tmp/distdir.log"; echo "FAIL: make distdir"; exit 1
	fi
	mv "$dist" "$tmp/src"
	mkdir "$tmp/build"
	if ! (cd "$tmp/build" && "$tmp/src/configure" --prefix="$prefix") >"$tmp/configure.log" 2>&1; then
		tail -n 30 "$tmp/configure.log"; echo "FAIL: configure --prefix=$prefix"; exit 1
	fi
	if ! clean_make -C "$tmp/build" -j2 >"$tmp/make.log" 2>&1; then
		tail -n 40 "$tmp/make.log"; echo "FAIL: make"; exit 1
	fi
}
