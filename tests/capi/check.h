/* A minimal assertion helper for the C API tests (compiled as C99): each CHECK counts, a
 * failure prints the expression, the file and line, and the last nd error. */
#ifndef ND_TESTS_CAPI_CHECK_H
#define ND_TESTS_CAPI_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <nd/c_api.h>

static int check_failures = 0;
static int check_count = 0;

#define CHECK(cond)                                                                                     \
  do {                                                                                                  \
    ++check_count;                                                                                      \
    if (!(cond)) {                                                                                      \
      ++check_failures;                                                                                 \
      fprintf(stderr, "%s:%d: CHECK failed: %s (last error: %s)\n", __FILE__, __LINE__, #cond,        \
              nd_last_error());                                                                         \
    }                                                                                                   \
  } while (0)

/* A call that must succeed. */
#define OK(call) CHECK((call) == ND_OK)

/* A call that must fail with `status` and a message containing `needle`. */
#define FAILS_WITH(call, status, needle)                                                                \
  do {                                                                                                  \
    nd_status s_ = (call);                                                                              \
    CHECK(s_ == (status));                                                                              \
    if (s_ != (status)) fprintf(stderr, "  got %s\n", nd_status_name(s_));                            \
    CHECK(strstr(nd_last_error(), (needle)) != NULL);                                                   \
  } while (0)

#define CHECK_NEAR(a, b, tol) CHECK(fabs((double)(a) - (double)(b)) <= (tol))

static int check_report(const char* name) {
  printf("%s: %d checks, %d failed\n", name, check_count, check_failures);
  return check_failures == 0 && check_count > 0 ? 0 : 1;
}

#endif
