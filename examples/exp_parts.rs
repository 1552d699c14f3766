use cognito_csv_validator::cli::parts::read_parts;
use cognito_csv_validator::engine::parts::{merge, Head, PartValidator};
use cognito_csv_validator::{Pool, Validator};
use std::io::Read;
use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let pool = Pool::default();
    for run in 0..2 {
        let t = Instant::now();
        let mut v = Validator::new(pool.clone());
        let mut f = std::fs::File::open(&path).unwrap();
        let mut buf = vec![0; 1 << 20];
        loop {
            let n = f.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            v.push(&buf[..n]);
        }
        let r = v.finish();
        println!(
            "run {run} one pass: {:?} users {}",
            t.elapsed(),
            r.outcome.users
        );
        for jobs in [1, 2, 4] {
            let t = Instant::now();
            let mut head = vec![0; 1 << 20];
            let n = std::fs::File::open(&path).unwrap().read(&mut head).unwrap();
            let h = Head::read(&pool, &head[..n]).unwrap();
            let len = std::fs::metadata(&path).unwrap().len();
            let parts = PartValidator::plan(&pool, &h, len, jobs);
            let parts = read_parts(path.as_ref(), parts).unwrap();
            let t2 = Instant::now();
            let m = merge(pool.clone(), &h, parts, None);
            println!(
                "  jobs {jobs}: {:?} (merge {:?}) users {} same {}",
                t.elapsed(),
                t2.elapsed(),
                m.outcome.users,
                m == r
            );
        }
    }
}
