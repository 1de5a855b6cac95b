//! PNG files of shown figures (`tensorlings run --plots DIR`), drawn by the
//! host with plotters. Placeholder replaced below.
