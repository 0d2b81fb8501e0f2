// HDF5's C interface (Debian: libhdf5-dev, the serial build: headers in /usr/include/hdf5/serial,
// library libhdf5_serial). pkg-config `hdf5-serial` names the include folder; the fallback below
// finds it without pkg-config.
#if __has_include(<hdf5.h>)
#include <hdf5.h>
#else
#include <hdf5/serial/hdf5.h>
#endif

// HDF5 spells these as macros that Swift cannot import (casts, and H5open() calls hidden in the
// native type names), so they are wrapped as functions.
static inline hid_t wm_h5p_default(void) { return H5P_DEFAULT; }
static inline hid_t wm_h5s_all(void) { return H5S_ALL; }
static inline hid_t wm_h5e_default(void) { return H5E_DEFAULT; }
static inline hid_t wm_h5p_file_access(void) { return H5P_FILE_ACCESS; }
static inline hid_t wm_h5t_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline unsigned wm_h5f_acc_rdonly(void) { return H5F_ACC_RDONLY; }

// 1 when `name` in group `loc` is a hard link, 0 for a soft or external link (never followed: they
// could lead outside the file), negative on error. In C, because H5Lget_info and H5L_info_t are
// renamed by HDF5's API-version macros between releases.
static inline int wm_h5_is_hard_link(hid_t loc, const char *name) {
    H5L_info_t info;
    if (H5Lget_info(loc, name, &info, H5P_DEFAULT) < 0) return -1;
    return info.type == H5L_TYPE_HARD;
}

#define WM_H5_MESSAGE_SIZE 256

static herr_t wm_h5_error_walker(unsigned n, const H5E_error2_t *error, void *data) {
    char *message = (char *)data;
    if (n == 0 && error != NULL && error->desc != NULL) {
        size_t i = 0;
        for (; i + 1 < WM_H5_MESSAGE_SIZE && error->desc[i] != 0; i++) message[i] = error->desc[i];
        message[i] = 0;
    }
    return 0;
}

// The innermost (most specific) message on HDF5's error stack, e.g. "truncated file: eof = 1024, ...",
// into `message` (WM_H5_MESSAGE_SIZE bytes); empty when the stack is empty.
static inline void wm_h5_innermost_error(char *message) {
    message[0] = 0;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, wm_h5_error_walker, message);
}
