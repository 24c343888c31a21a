INSERT INTO bench.p_:variant (n, mrn, first_name, last_name, date_of_birth, sex, email, phone, address_line1, city, state, postal_code)
VALUES (nextval('bench.next_n'), 'MRN-' || currval('bench.next_n'), 'Ada', 'Lovelace', '1980-12-10', 'female',
        'ada@example.org', '555-0100', '12 Analytical Way', 'London', 'IL', '62701');
