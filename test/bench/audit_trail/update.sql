\set k random(1, 10000)
UPDATE bench.p_:variant SET phone = '555-' || lpad((:k % 10000)::text, 4, '0'), updated_at = now() WHERE n = :k;
