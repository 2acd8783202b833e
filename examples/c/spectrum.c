/* nd from C: find the dominant frequency of a noisy signal that lives in a C buffer.
 *
 * The samples stay in the program's own memory: nd views them (no copy), adds NumPy's
 * normal noise, takes the real FFT, and reduces the power spectrum with argmax. Every call
 * returns a status; on an error the message is in nd_last_error().
 *
 * Build: cc spectrum.c $(pkg-config --cflags --libs nd-capi) -lm, or CMake:
 * target_link_libraries(app PRIVATE nd::capi). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <nd/c_api.h>

/* Stop with nd's message when a call fails. */
#define TRY(call)                                                                    \
  do {                                                                               \
    nd_status s_ = (call);                                                           \
    if (s_ != ND_OK) {                                                               \
      fprintf(stderr, "%s failed: %s (%s)\n", #call, nd_last_error(), nd_status_name(s_)); \
      exit(1);                                                                       \
    }                                                                                \
  } while (0)

enum { N = 256 };

int main(void) {
  static double signal[N];
  const double rate = 64.0, freq = 5.0; /* 64 samples a second, a 5 Hz tone */
  for (int i = 0; i < N; ++i) signal[i] = sin(2 * 3.14159265358979323846 * freq * i / rate);
  printf("nd %s (header %d.%d.%d)\n", nd_version_string(), ND_VERSION_MAJOR, ND_VERSION_MINOR, ND_VERSION_PATCH);

  /* A view of the C buffer: shape (N,), C strides, writeable, no release callback (the
   * buffer is static). */
  int64_t shape[1] = {N};
  nd_array* x = NULL;
  TRY(nd_array_from_data(signal, 1, shape, NULL, ND_FLOAT64, 1, NULL, NULL, &x));

  /* signal += 0.5 * standard normal noise, from numpy.random.default_rng(2024)'s stream */
  nd_rng* rng = NULL;
  nd_array* noise = NULL;
  TRY(nd_rng_new_pcg64(2024, &rng));
  TRY(nd_empty(1, shape, ND_FLOAT64, ND_ORDER_C, &noise));
  TRY(nd_rng_normal(rng, 0.0, 0.5, noise));
  nd_array* inputs[2] = {x, noise};
  TRY(nd_ufunc_into("add", inputs, 2, x)); /* in place: writes signal[] */

  /* power = |rfft(x)|^2, then the strongest bin */
  nd_array *spec = NULL, *mag = NULL, *power = NULL, *peak = NULL;
  TRY(nd_rfft(x, 0, -1, NULL, &spec));
  TRY(nd_ufunc("absolute", &spec, 1, &mag));
  TRY(nd_ufunc("square", &mag, 1, &power));
  TRY(nd_reduce("argmax", power, NULL, 0, 0, &peak));
  double bin = 0;
  TRY(nd_array_item_f64(peak, &bin));
  const double found = bin * rate / N;

  /* mean and standard deviation of the noisy samples */
  nd_array *mean = NULL, *sd = NULL;
  TRY(nd_reduce("mean", x, NULL, 0, 0, &mean));
  TRY(nd_reduce("std", x, NULL, 0, 0, &sd));
  double m = 0, s = 0;
  TRY(nd_array_item_f64(mean, &m));
  TRY(nd_array_item_f64(sd, &s));
  printf("dominant frequency %.2f Hz (expected %.2f), mean %.3f, std %.3f\n", found, freq, m, s);

  /* errors are statuses, not crashes */
  nd_array* bad = NULL;
  nd_status st = nd_ufunc("no_such_ufunc", &x, 1, &bad);
  printf("unknown ufunc -> %s: %s\n", nd_status_name(st), nd_last_error());

  nd_array_free(sd);
  nd_array_free(mean);
  nd_array_free(peak);
  nd_array_free(power);
  nd_array_free(mag);
  nd_array_free(spec);
  nd_array_free(noise);
  nd_array_free(x);
  nd_rng_free(rng);
  const int ok = fabs(found - freq) < 1e-9 && st == ND_ERR_VALUE && s > 0.7 && s < 0.9;
  printf("%s\n", ok ? "spectrum ok" : "spectrum FAILED");
  return ok ? 0 : 1;
}
