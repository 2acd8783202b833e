!> nd for Fortran: `use nd`. Wraps existing Fortran arrays (rank 1 to 7 and beyond, any
!> real, integer, logical or complex kind; contiguous or strided sections) as nd arrays
!> WITHOUT copying, runs nd's operations on them, and receives results into allocatable
!> Fortran arrays. Built on the C API (include/nd/c_api.h) and Fortran 2018 C descriptors.
!>
!> Index convention: an array x(n1, n2, ...) is the nd array of shape (n1, n2, ...) with
!> column-major strides: x(i, j) is element [i-1, j-1]. Dimension arguments (`dim`, `dims`)
!> count from 1 as in Fortran.
!>
!> Kinds: real(4/8) <-> float32/float64, integer(1/2/4/8) <-> int8..int64, complex(4/8) <->
!> complex64/complex128, logical(c_bool) <-> bool, default logical (and logical kinds 2, 8)
!> <-> the integer of the same size (gfortran stores .true. as 1).
!>
!> Ownership: a wrapped array views the Fortran memory, so the Fortran array must have the
!> TARGET (or POINTER) attribute and outlive the handle: call nd_free before it goes out of
!> scope or is deallocated. Every handle must be released with nd_free; passing a handle
!> that holds an array as an output releases the old array first.
!>
!> Errors: every procedure takes an optional `status` (integer, ND_OK = 0 on success; the
!> message is nd_last_error()). Without `status`, an error prints the message and stops the
!> program with ERROR STOP, as Fortran I/O does without IOSTAT=.
module nd
  use, intrinsic :: iso_c_binding
  use, intrinsic :: iso_fortran_env, only: error_unit
  implicit none
  private

  public :: nd_array, nd_rng
  public :: nd_wrap, nd_get, nd_free, nd_assign, nd_copy, nd_fill
  public :: nd_ufunc, nd_reduce, nd_item, nd_item_complex
  public :: nd_matmul, nd_solve, nd_fft, nd_ifft, nd_rfft, nd_irfft
  public :: nd_rng_pcg64, nd_rng_free, nd_rng_random, nd_rng_standard_normal
  public :: nd_ndim, nd_shape, nd_dtype_name, nd_last_error, nd_version

  !> nd's status codes (include/nd/c_api.h).
  integer, parameter, public :: ND_OK = 0, ND_ERR_VALUE = 1, ND_ERR_SHAPE = 2, ND_ERR_TYPE = 3, &
      ND_ERR_INDEX = 4, ND_ERR_AXIS = 5, ND_ERR_MEMORY = 6, ND_ERR_LINALG = 7, ND_ERR_IO = 8, &
      ND_ERR_READONLY = 9, ND_ERR_FLOATING_POINT = 10, ND_ERR_NOT_IMPLEMENTED = 11, &
      ND_ERR_NULL_POINTER = 12, ND_ERR_UNKNOWN = 13

  !> A handle to one nd array (nd_free releases it).
  type :: nd_array
    type(c_ptr) :: ptr = c_null_ptr
  end type nd_array

  !> A numpy.random.Generator (nd_rng_free releases it).
  type :: nd_rng
    type(c_ptr) :: ptr = c_null_ptr
  end type nd_rng

  !> Copies an nd array into an allocatable Fortran array of the same rank (allocated, or
  !> reallocated, with the array's shape and bounds 1..n), cast to the Fortran kind.
  interface nd_get
    module procedure get_r4, get_r8, get_i1, get_i2, get_i4, get_i8, get_lb, get_l4, get_c4, get_c8
  end interface nd_get

  !> nd_ufunc(name, a, out [, status]) or nd_ufunc(name, a, b, out [, status]).
  interface nd_ufunc
    module procedure ufunc1, ufunc2
  end interface nd_ufunc

  interface
    ! The C half (nd_cfi.c).
    integer(c_int) function ndf_wrap(x, out) bind(c, name="ndf_wrap")
      import :: c_int, c_ptr
      type(*), dimension(..), intent(inout) :: x
      type(c_ptr), intent(out) :: out
    end function ndf_wrap
    integer(c_int) function ndf_get_r4(a, x) bind(c, name="ndf_get_r4")
      import :: c_int, c_ptr, c_float
      type(c_ptr), value :: a
      real(c_float), allocatable, intent(inout) :: x(..)
    end function ndf_get_r4
    integer(c_int) function ndf_get_r8(a, x) bind(c, name="ndf_get_r8")
      import :: c_int, c_ptr, c_double
      type(c_ptr), value :: a
      real(c_double), allocatable, intent(inout) :: x(..)
    end function ndf_get_r8
    integer(c_int) function ndf_get_i1(a, x) bind(c, name="ndf_get_i1")
      import :: c_int, c_ptr, c_int8_t
      type(c_ptr), value :: a
      integer(c_int8_t), allocatable, intent(inout) :: x(..)
    end function ndf_get_i1
    integer(c_int) function ndf_get_i2(a, x) bind(c, name="ndf_get_i2")
      import :: c_int, c_ptr, c_int16_t
      type(c_ptr), value :: a
      integer(c_int16_t), allocatable, intent(inout) :: x(..)
    end function ndf_get_i2
    integer(c_int) function ndf_get_i4(a, x) bind(c, name="ndf_get_i4")
      import :: c_int, c_ptr, c_int32_t
      type(c_ptr), value :: a
      integer(c_int32_t), allocatable, intent(inout) :: x(..)
    end function ndf_get_i4
    integer(c_int) function ndf_get_i8(a, x) bind(c, name="ndf_get_i8")
      import :: c_int, c_ptr, c_int64_t
      type(c_ptr), value :: a
      integer(c_int64_t), allocatable, intent(inout) :: x(..)
    end function ndf_get_i8
    integer(c_int) function ndf_get_lb(a, x) bind(c, name="ndf_get_lb")
      import :: c_int, c_ptr, c_bool
      type(c_ptr), value :: a
      logical(c_bool), allocatable, intent(inout) :: x(..)
    end function ndf_get_lb
    integer(c_int) function ndf_get_l4(a, x) bind(c, name="ndf_get_l4")
      import :: c_int, c_ptr
      type(c_ptr), value :: a
      logical, allocatable, intent(inout) :: x(..)
    end function ndf_get_l4
    integer(c_int) function ndf_get_c4(a, x) bind(c, name="ndf_get_c4")
      import :: c_int, c_ptr, c_float_complex
      type(c_ptr), value :: a
      complex(c_float_complex), allocatable, intent(inout) :: x(..)
    end function ndf_get_c4
    integer(c_int) function ndf_get_c8(a, x) bind(c, name="ndf_get_c8")
      import :: c_int, c_ptr, c_double_complex
      type(c_ptr), value :: a
      complex(c_double_complex), allocatable, intent(inout) :: x(..)
    end function ndf_get_c8

    ! The C API.
    type(c_ptr) function c_nd_last_error() bind(c, name="nd_last_error")
      import :: c_ptr
    end function c_nd_last_error
    integer(c_int) function c_nd_version() bind(c, name="nd_version")
      import :: c_int
    end function c_nd_version
    type(c_ptr) function c_nd_dtype_name(dt) bind(c, name="nd_dtype_name")
      import :: c_ptr, c_int
      integer(c_int), value :: dt
    end function c_nd_dtype_name
    subroutine c_nd_array_free(a) bind(c, name="nd_array_free")
      import :: c_ptr
      type(c_ptr), value :: a
    end subroutine c_nd_array_free
    integer(c_int) function c_nd_array_ndim(a, n) bind(c, name="nd_array_ndim")
      import :: c_int, c_ptr
      type(c_ptr), value :: a
      integer(c_int), intent(out) :: n
    end function c_nd_array_ndim
    integer(c_int) function c_nd_array_shape(a, p) bind(c, name="nd_array_shape")
      import :: c_int, c_ptr
      type(c_ptr), value :: a
      type(c_ptr), intent(out) :: p
    end function c_nd_array_shape
    integer(c_int) function c_nd_array_dtype(a, dt) bind(c, name="nd_array_dtype")
      import :: c_int, c_ptr
      type(c_ptr), value :: a
      integer(c_int), intent(out) :: dt
    end function c_nd_array_dtype
    integer(c_int) function c_nd_assign(dst, src) bind(c, name="nd_assign")
      import :: c_int, c_ptr
      type(c_ptr), value :: dst, src
    end function c_nd_assign
    integer(c_int) function c_nd_fill(dst, v) bind(c, name="nd_fill")
      import :: c_int, c_ptr, c_double
      type(c_ptr), value :: dst
      real(c_double), value :: v
    end function c_nd_fill
    integer(c_int) function c_nd_copy(a, order, out) bind(c, name="nd_copy")
      import :: c_int, c_ptr
      type(c_ptr), value :: a
      integer(c_int), value :: order
      type(c_ptr), intent(out) :: out
    end function c_nd_copy
    integer(c_int) function c_nd_ufunc(name, inputs, nin, out) bind(c, name="nd_ufunc")
      import :: c_int, c_ptr, c_char
      character(kind=c_char), intent(in) :: name(*)
      type(c_ptr), intent(in) :: inputs(*)
      integer(c_int), value :: nin
      type(c_ptr), intent(out) :: out
    end function c_nd_ufunc
    integer(c_int) function c_nd_reduce_ddof(name, a, axes, naxes, keepdims, ddof, out) &
        bind(c, name="nd_reduce_ddof")
      import :: c_int, c_ptr, c_char, c_int64_t
      character(kind=c_char), intent(in) :: name(*)
      type(c_ptr), value :: a, axes
      integer(c_int), value :: naxes, keepdims
      integer(c_int64_t), value :: ddof
      type(c_ptr), intent(out) :: out
    end function c_nd_reduce_ddof
    integer(c_int) function c_nd_item_f64(a, v) bind(c, name="nd_array_item_f64")
      import :: c_int, c_ptr, c_double
      type(c_ptr), value :: a
      real(c_double), intent(out) :: v
    end function c_nd_item_f64
    integer(c_int) function c_nd_item_c128(a, re, im) bind(c, name="nd_array_item_c128")
      import :: c_int, c_ptr, c_double
      type(c_ptr), value :: a
      real(c_double), intent(out) :: re, im
    end function c_nd_item_c128
    integer(c_int) function c_matmul(a, b, out) bind(c, name="nd_matmul")
      import :: c_int, c_ptr
      type(c_ptr), value :: a, b
      type(c_ptr), intent(out) :: out
    end function c_matmul
    integer(c_int) function c_solve(a, b, out) bind(c, name="nd_solve")
      import :: c_int, c_ptr
      type(c_ptr), value :: a, b
      type(c_ptr), intent(out) :: out
    end function c_solve
    integer(c_int) function c_fft(a, n, axis, norm, out) bind(c, name="nd_fft")
      import :: c_int, c_ptr, c_int64_t
      type(c_ptr), value :: a, norm
      integer(c_int64_t), value :: n
      integer(c_int), value :: axis
      type(c_ptr), intent(out) :: out
    end function c_fft
    integer(c_int) function c_ifft(a, n, axis, norm, out) bind(c, name="nd_ifft")
      import :: c_int, c_ptr, c_int64_t
      type(c_ptr), value :: a, norm
      integer(c_int64_t), value :: n
      integer(c_int), value :: axis
      type(c_ptr), intent(out) :: out
    end function c_ifft
    integer(c_int) function c_rfft(a, n, axis, norm, out) bind(c, name="nd_rfft")
      import :: c_int, c_ptr, c_int64_t
      type(c_ptr), value :: a, norm
      integer(c_int64_t), value :: n
      integer(c_int), value :: axis
      type(c_ptr), intent(out) :: out
    end function c_rfft
    integer(c_int) function c_irfft(a, n, axis, norm, out) bind(c, name="nd_irfft")
      import :: c_int, c_ptr, c_int64_t
      type(c_ptr), value :: a, norm
      integer(c_int64_t), value :: n
      integer(c_int), value :: axis
      type(c_ptr), intent(out) :: out
    end function c_irfft
    integer(c_int) function c_rng_random(g, out) bind(c, name="nd_rng_random")
      import :: c_int, c_ptr
      type(c_ptr), value :: g, out
    end function c_rng_random
    integer(c_int) function c_rng_standard_normal(g, out) bind(c, name="nd_rng_standard_normal")
      import :: c_int, c_ptr
      type(c_ptr), value :: g, out
    end function c_rng_standard_normal
    integer(c_int) function c_nd_rng_new_pcg64(seed, out) bind(c, name="nd_rng_new_pcg64")
      import :: c_int, c_ptr, c_int64_t
      integer(c_int64_t), value :: seed
      type(c_ptr), intent(out) :: out
    end function c_nd_rng_new_pcg64
    subroutine c_nd_rng_free(g) bind(c, name="nd_rng_free")
      import :: c_ptr
      type(c_ptr), value :: g
    end subroutine c_nd_rng_free
    integer(c_int) function c_strlen(s) bind(c, name="strlen")
      import :: c_int, c_ptr
      type(c_ptr), value :: s
    end function c_strlen
  end interface

  ! Function pointers to the C functions that share a signature.
  abstract interface
    integer(c_int) function binary_fn(a, b, out) bind(c)
      import :: c_int, c_ptr
      type(c_ptr), value :: a, b
      type(c_ptr), intent(out) :: out
    end function binary_fn
    integer(c_int) function fft_fn(a, n, axis, norm, out) bind(c)
      import :: c_int, c_ptr, c_int64_t
      type(c_ptr), value :: a, norm
      integer(c_int64_t), value :: n
      integer(c_int), value :: axis
      type(c_ptr), intent(out) :: out
    end function fft_fn
  end interface

contains

  ! ---- errors ----

  !> The message of the last failed call on this thread ("" if none).
  function nd_last_error() result(msg)
    character(len=:), allocatable :: msg
    msg = c_string(c_nd_last_error())
  end function nd_last_error

  !> MAJOR * 10000 + MINOR * 100 + PATCH of the nd library.
  integer function nd_version()
    nd_version = int(c_nd_version())
  end function nd_version

  function c_string(p) result(s)
    type(c_ptr), intent(in) :: p
    character(len=:), allocatable :: s
    character(kind=c_char), pointer :: chars(:)
    integer :: n, i
    if (.not. c_associated(p)) then
      s = ""
      return
    end if
    n = int(c_strlen(p))
    call c_f_pointer(p, chars, [n])
    allocate(character(len=n) :: s)
    do i = 1, n
      s(i:i) = chars(i)
    end do
  end function c_string

  function c_str(s) result(c)
    character(len=*), intent(in) :: s
    character(kind=c_char, len=len_trim(s) + 1) :: c
    c = trim(s) // c_null_char
  end function c_str

  !> Hands rc to `status` when present; otherwise stops on an error with its message.
  subroutine finish(rc, status)
    integer(c_int), intent(in) :: rc
    integer, intent(out), optional :: status
    if (present(status)) then
      status = int(rc)
    else if (rc /= ND_OK) then
      write(error_unit, '(a)') "nd: " // nd_last_error()
      error stop 1
    end if
  end subroutine finish

  ! ---- handles ----

  !> Releases the handle (the memory goes when no other view uses it); a null handle is a no-op.
  subroutine nd_free(a)
    type(nd_array), intent(inout) :: a
    call c_nd_array_free(a%ptr)
    a%ptr = c_null_ptr
  end subroutine nd_free

  !> Views the Fortran array x (any rank and supported kind; a strided section keeps its
  !> strides) as an nd array without copying. x must be a TARGET (or POINTER) that outlives `a`.
  subroutine nd_wrap(x, a, status)
    type(*), dimension(..), intent(inout), target :: x
    type(nd_array), intent(inout) :: a
    integer, intent(out), optional :: status
    type(c_ptr) :: h
    integer(c_int) :: rc
    h = c_null_ptr
    rc = ndf_wrap(x, h)
    if (rc == ND_OK) call replace(a, h)
    call finish(rc, status)
  end subroutine nd_wrap

  subroutine replace(a, h)
    type(nd_array), intent(inout) :: a
    type(c_ptr), intent(in) :: h
    call c_nd_array_free(a%ptr)
    a%ptr = h
  end subroutine replace

  !> dst = src elementwise (src broadcast to dst's shape, cast unsafely). Writing into a
  !> wrapped Fortran array writes the Fortran memory.
  subroutine nd_assign(dst, src, status)
    type(nd_array), intent(in) :: dst, src
    integer, intent(out), optional :: status
    call finish(c_nd_assign(dst%ptr, src%ptr), status)
  end subroutine nd_assign

  !> Every element of dst = value (cast to dst's dtype).
  subroutine nd_fill(dst, value, status)
    type(nd_array), intent(in) :: dst
    real(c_double), intent(in) :: value
    integer, intent(out), optional :: status
    call finish(c_nd_fill(dst%ptr, value), status)
  end subroutine nd_fill

  !> A new nd array holding a copy of a (C order).
  subroutine nd_copy(a, out, status)
    type(nd_array), intent(in) :: a
    type(nd_array), intent(inout) :: out
    integer, intent(out), optional :: status
    type(c_ptr) :: h
    integer(c_int) :: rc
    h = c_null_ptr
    rc = c_nd_copy(a%ptr, 0_c_int, h)
    if (rc == ND_OK) call replace(out, h)
    call finish(rc, status)
  end subroutine nd_copy

  integer function nd_ndim(a, status)
    type(nd_array), intent(in) :: a
    integer, intent(out), optional :: status
    integer(c_int) :: n
    n = 0
    call finish(c_nd_array_ndim(a%ptr, n), status)
    nd_ndim = int(n)
  end function nd_ndim

  !> The array's shape (in Fortran's order of dimensions).
  function nd_shape(a, status) result(s)
    type(nd_array), intent(in) :: a
    integer, intent(out), optional :: status
    integer(c_int64_t), allocatable :: s(:)
    integer(c_int64_t), pointer :: p(:)
    type(c_ptr) :: cp
    integer(c_int) :: n, rc
    n = 0
    rc = c_nd_array_ndim(a%ptr, n)
    if (rc == ND_OK) rc = c_nd_array_shape(a%ptr, cp)
    allocate(s(n))
    if (rc == ND_OK .and. n > 0) then
      call c_f_pointer(cp, p, [n])
      s = p
    end if
    call finish(rc, status)
  end function nd_shape

  !> NumPy's name of the array's dtype ("float64", ...).
  function nd_dtype_name(a, status) result(name)
    type(nd_array), intent(in) :: a
    integer, intent(out), optional :: status
    character(len=:), allocatable :: name
    integer(c_int) :: dt, rc
    dt = 0
    rc = c_nd_array_dtype(a%ptr, dt)
    name = ""
    if (rc == ND_OK) name = c_string(c_nd_dtype_name(dt))
    call finish(rc, status)
  end function nd_dtype_name

  ! ---- results into Fortran arrays ----

  subroutine get_r4(a, x, status)
    type(nd_array), intent(in) :: a
    real(c_float), allocatable, intent(inout) :: x(..)
    integer, intent(out), optional :: status
    call finish(ndf_get_r4(a%ptr, x), status)
  end subroutine get_r4
  subroutine get_r8(a, x, status)
    type(nd_array), intent(in) :: a
    real(c_double), allocatable, intent(inout) :: x(..)
    integer, intent(out), optional :: status
    call finish(ndf_get_r8(a%ptr, x), status)
  end subroutine get_r8
  subroutine get_i1(a, x, status)
    type(nd_array), intent(in) :: a
    integer(c_int8_t), allocatable, intent(inout) :: x(..)
    integer, intent(out), optional :: status
    call finish(ndf_get_i1(a%ptr, x), status)
  end subroutine get_i1
  subroutine get_i2(a, x, status)
    type(nd_array), intent(in) :: a
    integer(c_int16_t), allocatable, intent(inout) :: x(..)
    integer, intent(out), optional :: status
    call finish(ndf_get_i2(a%ptr, x), status)
  end subroutine get_i2
  subroutine get_i4(a, x, status)
    type(nd_array), intent(in) :: a
    integer(c_int32_t), allocatable, intent(inout) :: x(..)
    integer, intent(out), optional :: status
    call finish(ndf_get_i4(a%ptr, x), status)
  end subroutine get_i4
  subroutine get_i8(a, x, status)
    type(nd_array), intent(in) :: a
    integer(c_int64_t), allocatable, intent(inout) :: x(..)
    integer, intent(out), optional :: status
    call finish(ndf_get_i8(a%ptr, x), status)
  end subroutine get_i8
  subroutine get_lb(a, x, status)
    type(nd_array), intent(in) :: a
    logical(c_bool), allocatable, intent(inout) :: x(..)
    integer, intent(out), optional :: status
    call finish(ndf_get_lb(a%ptr, x), status)
  end subroutine get_lb
  subroutine get_l4(a, x, status)
    type(nd_array), intent(in) :: a
    logical, allocatable, intent(inout) :: x(..)
    integer, intent(out), optional :: status
    call finish(ndf_get_l4(a%ptr, x), status)
  end subroutine get_l4
  subroutine get_c4(a, x, status)
    type(nd_array), intent(in) :: a
    complex(c_float_complex), allocatable, intent(inout) :: x(..)
    integer, intent(out), optional :: status
    call finish(ndf_get_c4(a%ptr, x), status)
  end subroutine get_c4
  subroutine get_c8(a, x, status)
    type(nd_array), intent(in) :: a
    complex(c_double_complex), allocatable, intent(inout) :: x(..)
    integer, intent(out), optional :: status
    call finish(ndf_get_c8(a%ptr, x), status)
  end subroutine get_c8

  !> The single element of a size-1 array (a full reduction's result) as real(8) / complex(8).
  real(c_double) function nd_item(a, status)
    type(nd_array), intent(in) :: a
    integer, intent(out), optional :: status
    nd_item = 0
    call finish(c_nd_item_f64(a%ptr, nd_item), status)
  end function nd_item

  complex(c_double_complex) function nd_item_complex(a, status)
    type(nd_array), intent(in) :: a
    integer, intent(out), optional :: status
    real(c_double) :: re, im
    re = 0
    im = 0
    call finish(c_nd_item_c128(a%ptr, re, im), status)
    nd_item_complex = cmplx(re, im, kind=c_double_complex)
  end function nd_item_complex

  ! ---- operations ----

  !> A unary ufunc by name ("sqrt", "exp", "negative", "isnan", ...): out = name(a).
  subroutine ufunc1(name, a, out, status)
    character(len=*), intent(in) :: name
    type(nd_array), intent(in) :: a
    type(nd_array), intent(inout) :: out
    integer, intent(out), optional :: status
    type(c_ptr) :: h, inputs(1)
    integer(c_int) :: rc
    inputs(1) = a%ptr
    h = c_null_ptr
    rc = c_nd_ufunc(c_str(name), inputs, 1_c_int, h)
    if (rc == ND_OK) call replace(out, h)
    call finish(rc, status)
  end subroutine ufunc1

  !> A binary ufunc by name ("add", "multiply", "maximum", "less", ...), broadcasting a and b.
  subroutine ufunc2(name, a, b, out, status)
    character(len=*), intent(in) :: name
    type(nd_array), intent(in) :: a, b
    type(nd_array), intent(inout) :: out
    integer, intent(out), optional :: status
    type(c_ptr) :: h, inputs(2)
    integer(c_int) :: rc
    inputs(1) = a%ptr
    inputs(2) = b%ptr
    h = c_null_ptr
    rc = c_nd_ufunc(c_str(name), inputs, 2_c_int, h)
    if (rc == ND_OK) call replace(out, h)
    call finish(rc, status)
  end subroutine ufunc2

  !> A reduction by name ("sum", "prod", "mean", "var", "std", "min", "max", "any", "all",
  !> "argmin", "argmax", ...) over `dims` (1-based; all dimensions when absent). argmin /
  !> argmax give 0-based nd indices (C order when over all dimensions).
  subroutine nd_reduce(name, a, out, dims, keepdims, ddof, status)
    character(len=*), intent(in) :: name
    type(nd_array), intent(in) :: a
    type(nd_array), intent(inout) :: out
    integer, intent(in), optional :: dims(:)
    logical, intent(in), optional :: keepdims
    integer, intent(in), optional :: ddof
    integer, intent(out), optional :: status
    integer(c_int64_t), allocatable, target :: axes(:)
    type(c_ptr) :: h, axes_ptr
    integer(c_int) :: rc, keep, naxes
    integer(c_int64_t) :: dd
    axes_ptr = c_null_ptr
    naxes = 0
    if (present(dims)) then
      allocate(axes(max(size(dims), 1)))
      axes(1:size(dims)) = int(dims, c_int64_t) - 1_c_int64_t
      axes_ptr = c_loc(axes)
      naxes = int(size(dims), c_int)
    end if
    keep = 0
    if (present(keepdims)) then
      if (keepdims) keep = 1
    end if
    dd = 0
    if (present(ddof)) dd = int(ddof, c_int64_t)
    h = c_null_ptr
    rc = c_nd_reduce_ddof(c_str(name), a%ptr, axes_ptr, naxes, keep, dd, h)
    if (rc == ND_OK) call replace(out, h)
    call finish(rc, status)
  end subroutine nd_reduce

  subroutine binary(f, a, b, out, status)
    procedure(binary_fn) :: f
    type(nd_array), intent(in) :: a, b
    type(nd_array), intent(inout) :: out
    integer, intent(out), optional :: status
    type(c_ptr) :: h
    integer(c_int) :: rc
    h = c_null_ptr
    rc = f(a%ptr, b%ptr, h)
    if (rc == ND_OK) call replace(out, h)
    call finish(rc, status)
  end subroutine binary

  !> out = matmul(a, b) with NumPy's matmul semantics on the nd shapes (for 2-D arrays this
  !> is Fortran's matmul).
  subroutine nd_matmul(a, b, out, status)
    type(nd_array), intent(in) :: a, b
    type(nd_array), intent(inout) :: out
    integer, intent(out), optional :: status
    call binary(c_matmul, a, b, out, status)
  end subroutine nd_matmul

  !> x with a x = b (b a vector or a matrix of right-hand sides).
  subroutine nd_solve(a, b, out, status)
    type(nd_array), intent(in) :: a, b
    type(nd_array), intent(inout) :: out
    integer, intent(out), optional :: status
    call binary(c_solve, a, b, out, status)
  end subroutine nd_solve

  subroutine fft_call(f, a, out, dim, n, norm, status)
    procedure(fft_fn) :: f
    type(nd_array), intent(in) :: a
    type(nd_array), intent(inout) :: out
    integer, intent(in), optional :: dim, n
    character(len=*), intent(in), optional :: norm
    integer, intent(out), optional :: status
    character(kind=c_char, len=16), target :: cnorm
    type(c_ptr) :: h, pnorm
    integer(c_int) :: rc, axis
    integer(c_int64_t) :: cn
    axis = 0
    if (present(dim)) axis = int(dim - 1, c_int)
    cn = 0
    if (present(n)) cn = int(n, c_int64_t)
    pnorm = c_null_ptr
    if (present(norm)) then
      cnorm = trim(norm) // c_null_char
      pnorm = c_loc(cnorm)
    end if
    h = c_null_ptr
    rc = f(a%ptr, cn, axis, pnorm, h)
    if (rc == ND_OK) call replace(out, h)
    call finish(rc, status)
  end subroutine fft_call

  !> numpy.fft transforms along dimension `dim` (1-based; default 1, the contiguous one),
  !> `n` points (default: the input's length; irfft: 2 * (m - 1)), norm "backward" (default),
  !> "ortho" or "forward".
  subroutine nd_fft(a, out, dim, n, norm, status)
    type(nd_array), intent(in) :: a
    type(nd_array), intent(inout) :: out
    integer, intent(in), optional :: dim, n
    character(len=*), intent(in), optional :: norm
    integer, intent(out), optional :: status
    call fft_call(c_fft, a, out, dim, n, norm, status)
  end subroutine nd_fft
  subroutine nd_ifft(a, out, dim, n, norm, status)
    type(nd_array), intent(in) :: a
    type(nd_array), intent(inout) :: out
    integer, intent(in), optional :: dim, n
    character(len=*), intent(in), optional :: norm
    integer, intent(out), optional :: status
    call fft_call(c_ifft, a, out, dim, n, norm, status)
  end subroutine nd_ifft
  subroutine nd_rfft(a, out, dim, n, norm, status)
    type(nd_array), intent(in) :: a
    type(nd_array), intent(inout) :: out
    integer, intent(in), optional :: dim, n
    character(len=*), intent(in), optional :: norm
    integer, intent(out), optional :: status
    call fft_call(c_rfft, a, out, dim, n, norm, status)
  end subroutine nd_rfft
  subroutine nd_irfft(a, out, dim, n, norm, status)
    type(nd_array), intent(in) :: a
    type(nd_array), intent(inout) :: out
    integer, intent(in), optional :: dim, n
    character(len=*), intent(in), optional :: norm
    integer, intent(out), optional :: status
    call fft_call(c_irfft, a, out, dim, n, norm, status)
  end subroutine nd_irfft

  ! ---- random numbers ----

  !> numpy.random.default_rng(seed): the same seed and calls give NumPy's numbers.
  subroutine nd_rng_pcg64(seed, g, status)
    integer(c_int64_t), intent(in) :: seed
    type(nd_rng), intent(inout) :: g
    integer, intent(out), optional :: status
    type(c_ptr) :: h
    integer(c_int) :: rc
    h = c_null_ptr
    rc = c_nd_rng_new_pcg64(seed, h)
    if (rc == ND_OK) then
      call c_nd_rng_free(g%ptr)
      g%ptr = h
    end if
    call finish(rc, status)
  end subroutine nd_rng_pcg64

  subroutine nd_rng_free(g)
    type(nd_rng), intent(inout) :: g
    call c_nd_rng_free(g%ptr)
    g%ptr = c_null_ptr
  end subroutine nd_rng_free

  !> Fills a (float64 or float32; e.g. a wrapped Fortran array) with Generator.random, in
  !> nd's C order: x(i, j) gets NumPy's rng.random((n1, n2))[i-1, j-1].
  subroutine nd_rng_random(g, a, status)
    type(nd_rng), intent(inout) :: g
    type(nd_array), intent(in) :: a
    integer, intent(out), optional :: status
    call finish(c_rng_random(g%ptr, a%ptr), status)
  end subroutine nd_rng_random

  subroutine nd_rng_standard_normal(g, a, status)
    type(nd_rng), intent(inout) :: g
    type(nd_array), intent(in) :: a
    integer, intent(out), optional :: status
    call finish(c_rng_standard_normal(g%ptr, a%ptr), status)
  end subroutine nd_rng_standard_normal

end module nd
