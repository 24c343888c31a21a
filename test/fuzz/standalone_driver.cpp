// Runs a libFuzzer target without libFuzzer: deterministic pseudo-random inputs (biased toward
// digits, letters, '.', '-' and control bytes), then any files named on the command line.
// CTest uses it as a smoke run with the target's seed corpus (test/fuzz/corpus/TARGET/);
// scripts/fuzz.sh runs the real, coverage-guided fuzzer from the same seeds. A target may define
// clinic_fuzz_report(), called at the end: non-zero fails the run (a target that counts, say,
// how many inputs reached its accepting side).
//   driver ITERATIONS [FILE...]
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
extern "C" int clinic_fuzz_report() __attribute__((weak));

int main(int argc, char **argv) {
  const long iterations = argc > 1 ? std::strtol(argv[1], nullptr, 10) : 100000;
  uint64_t state = 0x853c49e6748fea9bULL;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(state >> 33);
  };
  static const char alphabet[] =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.-\\\"\t\n\x01\x7f\xc3\xa9{}[]:,eu";
  std::string input;
  for (long i = 0; i < iterations; ++i) {
    input.clear();
    const size_t len = next() % 24;
    for (size_t k = 0; k < len; ++k)
      input += next() % 8 == 0 ? static_cast<char>(next() % 256)
                               : alphabet[next() % (sizeof alphabet - 1)];
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(input.data()), input.size());
  }
  long files = 0;
  for (int a = 2; a < argc; ++a, ++files) {
    std::ifstream in(argv[a], std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "cannot read %s\n", argv[a]);
      return 1;
    }
    const std::string file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(file.data()), file.size());
  }
  std::printf("%ld generated inputs and %ld files, no invariant violated\n", iterations, files);
  return clinic_fuzz_report ? clinic_fuzz_report() : 0;
}
