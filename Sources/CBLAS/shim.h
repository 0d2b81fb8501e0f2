// OpenBLAS's CBLAS interface. Debian's libopenblas-dev installs cblas.h on the default include path.
#include <cblas.h>

// OpenBLAS (not CBLAS): stops its worker threads; it starts them again when a product needs them.
void blas_thread_shutdown_(void);
