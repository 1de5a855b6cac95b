//! Autograd: the engine's behaviour (accumulation, retain_graph, errors with
//! PyTorch's texts) and gradient checks of every differentiable op against
//! central finite differences in float64.
mod autograd {
    pub mod corpus;
    pub mod engine;
    pub mod losses;
    pub mod views;
}
