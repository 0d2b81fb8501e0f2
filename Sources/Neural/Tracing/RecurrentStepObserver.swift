/// Sees every step of a recurrent run: the step's inputs just before it and its outputs just
/// after it (the hook tracing uses; a run without one takes the untraced fast path unchanged).
///
/// Pointers are valid only during the call; rows are batch rows, H floats each for h and c.
protocol RecurrentStepObserver: AnyObject {
    /// Before timestep `step`: the input projection x_t·W_x + b_x (N rows of G·H floats,
    /// `projectionStride` apart), h_{t−1} (N, H) and, for cells with one, c_{t−1} (N, H).
    func willStep(
        _ step: Int, batch: Int, projection: UnsafePointer<Float>, projectionStride: Int,
        h: UnsafePointer<Float>, c: UnsafePointer<Float>?)

    /// After timestep `step`: h_t (N, H) and c_t (N, H).
    func didStep(_ step: Int, batch: Int, h: UnsafePointer<Float>, c: UnsafePointer<Float>?)
}
