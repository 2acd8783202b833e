/* Built as C against an installed nd through find_package(nd)'s nd::capi target. */
#include <nd/c_api.h>

#include <stdio.h>

int main(void) {
  int64_t shape[2] = {2, 3};
  nd_array *a = NULL, *s = NULL;
  double total = 0;
  int ok = nd_version() == ND_VERSION && nd_full(2, shape, ND_FLOAT64, 1.5, ND_ORDER_C, &a) == ND_OK &&
           nd_reduce("sum", a, NULL, 0, 0, &s) == ND_OK && nd_array_item_f64(s, &total) == ND_OK && total == 9.0;
  nd_array_free(s);
  nd_array_free(a);
  printf("%s\n", ok ? "capi consumer ok" : "capi consumer FAILED");
  return ok ? 0 : 1;
}
