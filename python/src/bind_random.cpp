// ndcore.random over nd::random: SeedSequence, the bit generators with NumPy's state dicts,
// Generator's methods and the counter-based blocks. ndcore/random.py builds numpy.random's
// classes on top of the _core._random submodule defined here.
#include <nd/random.hpp>

#include "common.hpp"

namespace ndpy {
namespace {

namespace rnd = nd::random;
using bitgen_ptr = std::shared_ptr<rnd::bit_generator>;

rnd::uint128_t to_u128(py::handle v) {
  // Python int -> its value mod 2^128 (NumPy wraps advance/jump deltas the same way).
  py::int_ x = py::reinterpret_borrow<py::object>(v);
  py::object mask = py::int_(0xFFFFFFFFFFFFFFFFULL);
  const auto lo = py::int_(x & mask).cast<uint64_t>();
  const auto hi = py::int_((x >> py::int_(64)) & mask).cast<uint64_t>();
  return (rnd::uint128_t{hi} << 64) | lo;
}

py::int_ from_u128(rnd::uint128_t v) {
  return py::int_((py::int_(static_cast<uint64_t>(v >> 64)) << py::int_(64)) | py::int_(static_cast<uint64_t>(v)));
}

nd::array u64_array(const uint64_t* p, int64_t n) {
  nd::array a = nd::empty({n}, nd::uint64);
  std::copy(p, p + n, a.data<uint64_t>());
  return a;
}

template <size_t N>
std::array<uint64_t, N> u64_from(py::handle seq) {
  const nd::array a = nd::ascontiguousarray(as_array(seq), nd::uint64);
  if (a.size() != static_cast<int64_t>(N))
    throw nd::value_error("[state] expected " + std::to_string(N) + " 64-bit words");
  std::array<uint64_t, N> out{};
  std::copy(a.data<uint64_t>(), a.data<uint64_t>() + N, out.begin());
  return out;
}

py::dict get_state(const bitgen_ptr& bg) {
  py::dict d;
  d["bit_generator"] = bg->name();
  switch (bg->kind()) {
    case rnd::bitgen_kind::pcg64:
    case rnd::bitgen_kind::pcg64dxsm: {
      const auto& s = bg->kind() == rnd::bitgen_kind::pcg64 ? static_cast<rnd::pcg64&>(*bg).state()
                                                            : static_cast<rnd::pcg64dxsm&>(*bg).state();
      py::dict st;
      st["state"] = from_u128(s.state);
      st["inc"] = from_u128(s.inc);
      d["state"] = st;
      d["has_uint32"] = static_cast<int>(s.has_uint32);
      d["uinteger"] = s.uinteger;
      break;
    }
    case rnd::bitgen_kind::philox: {
      const auto& s = static_cast<rnd::philox&>(*bg).state();
      py::dict st;
      st["counter"] = u64_array(s.counter.data(), 4);
      st["key"] = u64_array(s.key.data(), 2);
      d["state"] = st;
      d["buffer"] = u64_array(s.buffer.data(), 4);
      d["buffer_pos"] = s.buffer_pos;
      d["has_uint32"] = static_cast<int>(s.has_uint32);
      d["uinteger"] = s.uinteger;
      break;
    }
    case rnd::bitgen_kind::sfc64: {
      const auto& s = static_cast<rnd::sfc64&>(*bg).state();
      py::dict st;
      st["state"] = u64_array(s.s.data(), 4);
      d["state"] = st;
      d["has_uint32"] = static_cast<int>(s.has_uint32);
      d["uinteger"] = s.uinteger;
      break;
    }
    case rnd::bitgen_kind::mt19937: {
      const auto& s = static_cast<rnd::mt19937&>(*bg).state();
      nd::array key = nd::empty({624}, nd::uint32);
      std::copy(s.key.begin(), s.key.end(), key.data<uint32_t>());
      py::dict st;
      st["key"] = key;
      st["pos"] = s.pos;
      d["state"] = st;
      break;
    }
  }
  return d;
}

void set_state(const bitgen_ptr& bg, const py::dict& d) {
  if (!d.contains("bit_generator") || py::str(d["bit_generator"]).cast<std::string>() != bg->name())
    throw nd::value_error(std::string("state must be for a ") + bg->name() + " PRNG");
  const py::dict st = d["state"];
  switch (bg->kind()) {
    case rnd::bitgen_kind::pcg64:
    case rnd::bitgen_kind::pcg64dxsm: {
      rnd::pcg64::state_t s;
      s.state = to_u128(st["state"]);
      s.inc = to_u128(st["inc"]);
      s.has_uint32 = d["has_uint32"].cast<int>() != 0;
      s.uinteger = d["uinteger"].cast<uint32_t>();
      if (bg->kind() == rnd::bitgen_kind::pcg64) static_cast<rnd::pcg64&>(*bg).set_state(s);
      else static_cast<rnd::pcg64dxsm&>(*bg).set_state(s);
      return;
    }
    case rnd::bitgen_kind::philox: {
      rnd::philox::state_t s;
      s.counter = u64_from<4>(st["counter"]);
      s.key = u64_from<2>(st["key"]);
      s.buffer = u64_from<4>(d["buffer"]);
      s.buffer_pos = d["buffer_pos"].cast<int>();
      if (s.buffer_pos < 0 || s.buffer_pos > 4) throw nd::value_error("[state] buffer_pos must be in [0, 4]");
      s.has_uint32 = d["has_uint32"].cast<int>() != 0;
      s.uinteger = d["uinteger"].cast<uint32_t>();
      static_cast<rnd::philox&>(*bg).set_state(s);
      return;
    }
    case rnd::bitgen_kind::sfc64: {
      rnd::sfc64::state_t s;
      s.s = u64_from<4>(st["state"]);
      s.has_uint32 = d["has_uint32"].cast<int>() != 0;
      s.uinteger = d["uinteger"].cast<uint32_t>();
      static_cast<rnd::sfc64&>(*bg).set_state(s);
      return;
    }
    case rnd::bitgen_kind::mt19937: {
      rnd::mt19937::state_t s;
      const nd::array key = nd::ascontiguousarray(as_array(st["key"]), nd::uint32);
      if (key.size() != 624) throw nd::value_error("[state] MT19937 key must have 624 words");
      std::copy(key.data<uint32_t>(), key.data<uint32_t>() + 624, s.key.begin());
      s.pos = st["pos"].cast<int>();
      static_cast<rnd::mt19937&>(*bg).set_state(s);
      return;
    }
  }
}

bitgen_ptr make_bitgen(const std::string& kind, const rnd::seed_sequence& seq) {
  if (kind == "PCG64") return std::make_shared<rnd::pcg64>(seq);
  if (kind == "PCG64DXSM") return std::make_shared<rnd::pcg64dxsm>(seq);
  if (kind == "Philox") return std::make_shared<rnd::philox>(seq);
  if (kind == "SFC64") return std::make_shared<rnd::sfc64>(seq);
  if (kind == "MT19937") return std::make_shared<rnd::mt19937>(seq);
  throw nd::value_error("[random] unknown bit generator " + kind);
}

rnd::opt_shape opt_size(py::handle size) {
  if (size.is_none()) return std::nullopt;
  return to_shape(size);
}

nd::array f64(py::handle v) { return as_array(v); }

}  // namespace

void bind_random(py::module_& m) {
  py::module_ r = m.def_submodule("_random", "nd::random");

  py::class_<rnd::seed_sequence>(r, "SeedSequence")
      .def(py::init<std::vector<uint32_t>, std::vector<uint64_t>, int, uint64_t>())
      .def_property_readonly("pool", [](const rnd::seed_sequence& s) {
        nd::array a = nd::empty({static_cast<int64_t>(s.pool().size())}, nd::uint32);
        std::copy(s.pool().begin(), s.pool().end(), a.data<uint32_t>());
        return a;
      })
      .def_property_readonly("n_children_spawned", &rnd::seed_sequence::n_children_spawned)
      .def("generate_state32", [](const rnd::seed_sequence& s, int64_t n) {
        const auto w = s.generate_state32(n);
        nd::array a = nd::empty({n}, nd::uint32);
        std::copy(w.begin(), w.end(), a.data<uint32_t>());
        return a;
      })
      .def("generate_state64", [](const rnd::seed_sequence& s, int64_t n) {
        const auto w = s.generate_state64(n);
        return u64_array(w.data(), n);
      });

  py::class_<rnd::bit_generator, bitgen_ptr>(r, "BitGen")
      .def_property_readonly("name", &rnd::bit_generator::name)
      .def("random_raw", [](rnd::bit_generator& bg, int64_t n) {
        maybe_release nogil(n);
        return bg.random_raw(n);
      })
      .def("advance", [](rnd::bit_generator& bg, py::handle delta) {
        if (bg.kind() == rnd::bitgen_kind::philox) {
          // Philox's counter is 256 bits: NumPy wraps the delta mod 2^256.
          py::int_ x = py::reinterpret_borrow<py::object>(delta);
          std::array<uint64_t, 4> d{};
          py::object mask = py::int_(0xFFFFFFFFFFFFFFFFULL);
          for (size_t i = 0; i < 4; ++i) d[i] = py::int_((x >> py::int_(64 * i)) & mask).cast<uint64_t>();
          static_cast<rnd::philox&>(bg).advance256(d);
          return;
        }
        bg.advance(to_u128(delta));
      })
      .def("jumped", [](const rnd::bit_generator& bg, uint64_t jumps) { return bg.jumped(jumps); })
      .def("clone", &rnd::bit_generator::clone)
      .def("get_state", [](const bitgen_ptr& bg) { return get_state(bg); })
      .def("set_state", [](const bitgen_ptr& bg, const py::dict& d) { set_state(bg, d); });

  r.def("make_bitgen", &make_bitgen);

  py::class_<rnd::generator>(r, "Generator")
      .def(py::init<bitgen_ptr>())
      .def("random", [](rnd::generator& g, py::handle size, py::handle dt) {
        const auto s = to_shape(size);
        const auto d = to_dtype(dt);
        return g.random(s, d);
      })
      .def("random_into", [](rnd::generator& g, nd::array& out) { g.random_into(out); })
      .def("standard_normal", [](rnd::generator& g, py::handle size, py::handle dt) {
        return g.standard_normal(to_shape(size), to_dtype(dt));
      })
      .def("standard_normal_into", [](rnd::generator& g, nd::array& out) { g.standard_normal_into(out); })
      .def("standard_exponential", [](rnd::generator& g, py::handle size, py::handle dt, bool inv) {
        return g.standard_exponential(to_shape(size), to_dtype(dt), inv);
      })
      .def("standard_exponential_into", [](rnd::generator& g, nd::array& out, bool inv) {
        g.standard_exponential_into(out, inv);
      })
      .def("integers", [](rnd::generator& g, py::handle low, py::handle high, py::handle size, py::handle dt,
                          bool endpoint) {
        return g.integers(as_array(low), as_array(high), opt_size(size), to_dtype(dt), endpoint);
      })
      .def("uniform", [](rnd::generator& g, py::handle a, py::handle b, py::handle size) {
        return g.uniform(f64(a), f64(b), opt_size(size));
      })
      .def("normal", [](rnd::generator& g, py::handle a, py::handle b, py::handle size) {
        return g.normal(f64(a), f64(b), opt_size(size));
      })
      .def("exponential", [](rnd::generator& g, py::handle a, py::handle size) {
        return g.exponential(f64(a), opt_size(size));
      })
      .def("lognormal", [](rnd::generator& g, py::handle a, py::handle b, py::handle size) {
        return g.lognormal(f64(a), f64(b), opt_size(size));
      })
      .def("standard_gamma", [](rnd::generator& g, py::handle a, py::handle size, py::handle dt) {
        return g.standard_gamma(f64(a), opt_size(size), to_dtype(dt));
      })
      .def("gamma", [](rnd::generator& g, py::handle a, py::handle b, py::handle size) {
        return g.gamma(f64(a), f64(b), opt_size(size));
      })
      .def("beta", [](rnd::generator& g, py::handle a, py::handle b, py::handle size) {
        return g.beta(f64(a), f64(b), opt_size(size));
      })
      .def("chisquare", [](rnd::generator& g, py::handle a, py::handle size) {
        return g.chisquare(f64(a), opt_size(size));
      })
      .def("poisson", [](rnd::generator& g, py::handle a, py::handle size) { return g.poisson(f64(a), opt_size(size)); })
      .def("binomial", [](rnd::generator& g, py::handle n, py::handle p, py::handle size) {
        return g.binomial(as_array(n), f64(p), opt_size(size));
      })
      .def("geometric", [](rnd::generator& g, py::handle p, py::handle size) {
        return g.geometric(f64(p), opt_size(size));
      })
      .def("shuffle", [](rnd::generator& g, nd::array& a, int64_t axis) { g.shuffle(a, axis); })
      .def("permutation_n", [](rnd::generator& g, int64_t n) { return g.permutation(n); })
      .def("permutation", [](rnd::generator& g, py::handle a, int64_t axis) {
        return g.permutation(as_array(a), axis);
      })
      .def("permuted", [](rnd::generator& g, py::handle a, py::handle axis) {
        return g.permuted(as_array(a), axis.is_none() ? std::nullopt : std::optional<int64_t>(axis.cast<int64_t>()));
      })
      .def("choice_indices", [](rnd::generator& g, int64_t pop, py::handle size, bool replace, py::handle p,
                                bool shuffle) {
        std::optional<nd::array> pp;
        if (!p.is_none()) pp = as_array(p);
        return g.choice_indices(pop, to_shape(size), replace, pp, shuffle);
      })
      .def("bytes", [](rnd::generator& g, int64_t n) { return py::bytes(g.bytes(n)); })
      .def("multivariate_normal", [](rnd::generator& g, py::handle mean, py::handle cov, py::handle size,
                                     const std::string& method, const std::string& check_valid, double tol) {
        bool not_psd = false;
        nd::array x = g.multivariate_normal(as_array(mean), as_array(cov), to_shape(size), method, check_valid, tol,
                                            &not_psd);
        return py::make_tuple(x, not_psd);
      });

  r.def(
      "block",
      [](uint64_t seed, uint64_t stream, py::handle global_shape, py::handle offset, py::handle block_shape,
         const std::string& dist, double low, double high, int64_t ilow, int64_t ihigh) {
        rnd::block_params p;
        if (dist == "uniform") p.dist = rnd::block_dist::uniform;
        else if (dist == "normal") p.dist = rnd::block_dist::normal;
        else if (dist == "exponential") p.dist = rnd::block_dist::exponential;
        else if (dist == "integers") p.dist = rnd::block_dist::integers;
        else throw nd::value_error("[block] dist must be 'uniform', 'normal', 'exponential' or 'integers', not '" + dist + "'");
        p.low = low;
        p.high = high;
        p.ilow = ilow;
        p.ihigh = ihigh;
        const auto gs = to_shape(global_shape), off = to_shape(offset), bs = to_shape(block_shape);
        py::gil_scoped_release nogil;
        return rnd::block(seed, stream, gs, off, bs, p);
      },
      py::arg("seed"), py::arg("stream"), py::arg("global_shape"), py::arg("offset"), py::arg("block_shape"),
      py::arg("dist"), py::arg("low"), py::arg("high"), py::arg("ilow"), py::arg("ihigh"));
}

}  // namespace ndpy
