//! batchlist's own conformance adapter: the batchlist core behind the JSON-lines adapter
//! protocol of `spec/vectors/README.md`.

fn main() -> std::io::Result<()> {
    batchlist_conform::run_adapter(std::io::stdin().lock(), std::io::stdout().lock())
}
