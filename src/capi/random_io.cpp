// The C API's random generators, .npy files and DLPack.
#include <memory>
#include <string>
#include <string_view>

#include "common.hpp"
#include "nd/interop.hpp"

using namespace nd::capi;
namespace ndr = nd::random;

namespace {

std::shared_ptr<ndr::bit_generator> make_bitgen(std::string_view name, uint64_t seed) {
  const auto seq = ndr::seed_sequence::from_seed(seed);
  if (name == "pcg64") return std::make_shared<ndr::pcg64>(seq);
  if (name == "pcg64dxsm") return std::make_shared<ndr::pcg64dxsm>(seq);
  if (name == "philox") return std::make_shared<ndr::philox>(seq);
  if (name == "sfc64") return std::make_shared<ndr::sfc64>(seq);
  if (name == "mt19937") return std::make_shared<ndr::mt19937>(seq);
  throw nd::value_error("[nd_rng_new] unknown bit generator '" + std::string(name) +
                        "' (pcg64, pcg64dxsm, philox, sfc64, mt19937)");
}

ndr::generator& gen(nd_rng* r) {
  require(r, "rng");
  return r->g;
}

nd_status block(const char* fn, uint64_t seed, uint64_t stream, int ndim, const int64_t* global_shape,
                const int64_t* offset, const ndr::block_params& p, nd_array* out) {
  return guard(fn, [&] {
    nd::array& o = arr(out, "out");
    const nd::shape_t g = to_shape(ndim, global_shape, "global_shape"), off = to_shape(ndim, offset, "offset");
    if (o.is_c_contiguous()) {
      ndr::fill_block(seed, stream, g, off, p, o);
      return;
    }
    // fill_block writes C-contiguous memory: fill a temporary, then copy into any layout.
    nd::array tmp = nd::empty(o.shape(), o.dtype());
    ndr::fill_block(seed, stream, g, off, p, tmp);
    o.assign(tmp);
  });
}

}  // namespace

extern "C" {

nd_status nd_rng_new_pcg64(uint64_t seed, nd_rng** out) {
  return guard("nd_rng_new_pcg64", [&] {
    require(out, "out");
    *out = new nd_rng{ndr::default_rng(seed)};
  });
}

nd_status nd_rng_new(const char* bit_generator, uint64_t seed, nd_rng** out) {
  return guard("nd_rng_new", [&] {
    require(bit_generator, "bit_generator");
    require(out, "out");
    *out = new nd_rng{ndr::generator(make_bitgen(bit_generator, seed))};
  });
}

void nd_rng_free(nd_rng* rng) { delete rng; }

nd_status nd_rng_random(nd_rng* rng, nd_array* out) {
  return guard("nd_rng_random", [&] { gen(rng).random_into(arr(out, "out")); });
}

nd_status nd_rng_standard_normal(nd_rng* rng, nd_array* out) {
  return guard("nd_rng_standard_normal", [&] { gen(rng).standard_normal_into(arr(out, "out")); });
}

nd_status nd_rng_integers(nd_rng* rng, int64_t low, int64_t high, nd_array* out) {
  return guard("nd_rng_integers", [&] {
    ndr::generator& g = gen(rng);
    nd::array& o = arr(out, "out");
    o.assign(g.integers(nd::array(low), nd::array(high), o.shape(), o.dtype()));
  });
}

nd_status nd_rng_uniform(nd_rng* rng, double low, double high, nd_array* out) {
  return guard("nd_rng_uniform", [&] {
    ndr::generator& g = gen(rng);
    nd::array& o = arr(out, "out");
    o.assign(g.uniform(nd::array(low), nd::array(high), o.shape()));
  });
}

nd_status nd_rng_normal(nd_rng* rng, double loc, double scale, nd_array* out) {
  return guard("nd_rng_normal", [&] {
    ndr::generator& g = gen(rng);
    nd::array& o = arr(out, "out");
    o.assign(g.normal(nd::array(loc), nd::array(scale), o.shape()));
  });
}

nd_status nd_random_block(uint64_t seed, uint64_t stream, int ndim, const int64_t* global_shape,
                          const int64_t* offset, nd_block_dist dist, double a, double b, nd_array* out) {
  ndr::block_params p;
  switch (dist) {
    case ND_BLOCK_UNIFORM: p.dist = ndr::block_dist::uniform; break;
    case ND_BLOCK_NORMAL: p.dist = ndr::block_dist::normal; break;
    case ND_BLOCK_EXPONENTIAL: p.dist = ndr::block_dist::exponential; break;
    default:
      return fail(ND_ERR_VALUE, ("[nd_random_block] invalid nd_block_dist value " +
                                 std::to_string(static_cast<int>(dist))).c_str());
  }
  p.low = a;
  p.high = b;
  return block("nd_random_block", seed, stream, ndim, global_shape, offset, p, out);
}

nd_status nd_random_block_integers(uint64_t seed, uint64_t stream, int ndim, const int64_t* global_shape,
                                   const int64_t* offset, int64_t ilow, int64_t ihigh, nd_array* out) {
  ndr::block_params p;
  p.dist = ndr::block_dist::integers;
  p.ilow = ilow;
  p.ihigh = ihigh;
  return block("nd_random_block_integers", seed, stream, ndim, global_shape, offset, p, out);
}

// ---- .npy ----

nd_status nd_save(const char* path, const nd_array* a) {
  return guard("nd_save", [&] {
    require(path, "path");
    nd::save(path, arr(a, "a"));
  });
}

nd_status nd_load(const char* path, nd_array** out) {
  return guard("nd_load", [&] {
    require(path, "path");
    require(out, "out");
    put(out, nd::load(path));
  });
}

// ---- DLPack ----

nd_status nd_to_dlpack(const nd_array* a, DLManagedTensor** out) {
  return guard("nd_to_dlpack", [&] {
    const nd::array& x = arr(a, "a");
    require(out, "out");
    *out = nd::interop::to_dlpack(x);
  });
}

nd_status nd_from_dlpack(DLManagedTensor* t, nd_array** out) {
  return guard("nd_from_dlpack", [&] {
    require(t, "t");
    if (out == nullptr) {
      // The tensor is ours whatever happens: release it before reporting.
      if (t->deleter) t->deleter(t);
      require(out, "out");
    }
    nd::array a = nd::interop::from_dlpack(t);
    put(out, std::move(a));
  });
}

}  // extern "C"
