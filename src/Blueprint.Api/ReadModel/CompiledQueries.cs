using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Text;

namespace Blueprint.Api.ReadModel;

/// <summary>
/// Compiled LINQ to Objects delegates, kept by the shape of the query. Compiling an OData query's
/// expression tree costs milliseconds, far more than running it over a few thousand rows in memory, and
/// requests differ mostly in their values (an area's rows, <c>$top</c>, a filter's literal), not their
/// shape. So every constant of the tree becomes a slot of an argument array, the tree is compiled once
/// per shape, and each request passes its own constants. A tree with a node this class does not know
/// how to describe is compiled afresh, as before.
/// </summary>
internal static class CompiledQueries
{
    /// <summary>Shapes kept at most; past it the cache starts again (an attacker's endless shapes cost what they cost without it).</summary>
    private const int Capacity = 2_000;

    private static readonly ConcurrentDictionary<string, Func<object?[], object?>> Cache = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="expression"/> (a Queryable tree over in-memory rows), rewritten by <paramref name="rewrite"/> before compiling.</summary>
    public static object? Run(Expression expression, Func<Expression, Expression> rewrite)
    {
        var shape = new Shape();
        shape.Visit(expression);
        if (shape.Unknown)
        {
            return Compile(rewrite(expression)).Invoke([]);
        }
        var key = shape.Key;
        if (!Cache.TryGetValue(key, out var run))
        {
            if (Cache.Count >= Capacity)
            {
                Cache.Clear();
            }
            run = Cache.GetOrAdd(key, _ => Compile(rewrite(new Slots().Visit(expression))));
        }
        return run(shape.Constants.ToArray());
    }

    private static readonly ParameterExpression Arguments = Expression.Parameter(typeof(object?[]), "arguments");

    private static Func<object?[], object?> Compile(Expression body) =>
        Expression.Lambda<Func<object?[], object?>>(Expression.Convert(Hoisting.Hoist(Enumerables.Instance.Visit(body)), typeof(object)), Arguments).Compile();

    /// <summary>
    /// Compiled code builds the delegate of a lambda nested in another (<c>p =&gt; p == 'x'</c> in
    /// <c>Purposes/any</c>) each time the outer one runs: once per row, and each one costs a
    /// <c>DynamicMethod.CreateDelegate</c>. A nested lambda that uses nothing of the lambdas around it is built
    /// once per run instead, into a variable of a block around the query.
    /// </summary>
    private sealed class Hoisting : ExpressionVisitor
    {
        private readonly List<ParameterExpression> variables = [];
        private readonly List<Expression> assignments = [];
        private readonly Stack<HashSet<ParameterExpression>> scopes = new();

        public static Expression Hoist(Expression body)
        {
            var hoisting = new Hoisting();
            var rewritten = hoisting.Visit(body);
            return hoisting.variables.Count == 0
                ? rewritten
                : Expression.Block(rewritten.Type, hoisting.variables, [.. hoisting.assignments, rewritten]);
        }

        protected override Expression VisitLambda<T>(Expression<T> node)
        {
            scopes.Push([.. node.Parameters]);
            var body = Visit(node.Body);
            scopes.Pop();
            var lambda = node.Update(body, node.Parameters);
            if (scopes.Count == 0 || Uses(lambda, scopes))
            {
                return lambda;
            }
            var variable = Expression.Variable(lambda.Type, "hoisted" + variables.Count);
            variables.Add(variable);
            assignments.Add(Expression.Assign(variable, lambda));
            return variable;
        }

        /// <summary>Whether <paramref name="lambda"/> uses a parameter of a lambda around it.</summary>
        private static bool Uses(Expression lambda, IEnumerable<HashSet<ParameterExpression>> outer)
        {
            var used = new Parameters();
            used.Visit(lambda);
            return outer.Any(scope => scope.Overlaps(used.Found));
        }

        private sealed class Parameters : ExpressionVisitor
        {
            public HashSet<ParameterExpression> Found { get; } = [];

            protected override Expression VisitParameter(ParameterExpression node)
            {
                Found.Add(node);
                return node;
            }
        }
    }

    /// <summary>Replaces the n-th non-null constant with the n-th slot of the argument array, in the order <see cref="Shape"/> meets them.</summary>
    private sealed class Slots : ExpressionVisitor
    {
        private int next;

        protected override Expression VisitConstant(ConstantExpression node) => node.Value is null
            ? node
            : Expression.Convert(Expression.ArrayIndex(Arguments, Expression.Constant(next++)), node.Type);
    }

    /// <summary>
    /// Describes a tree without its constants' values: every node's kind and type, the methods, members and
    /// constructors it names, and which lambda parameter each use refers to. Two trees with one key compile
    /// to the same code; the constants (non-null ones, in visiting order) are what each run passes.
    /// </summary>
    private sealed class Shape : ExpressionVisitor
    {
        private readonly StringBuilder key = new(1024);
        private readonly Dictionary<ParameterExpression, int> parameters = [];

        public List<object?> Constants { get; } = [];
        public bool Unknown { get; private set; }
        public string Key => key.ToString();

        public override Expression? Visit(Expression? node)
        {
            if (node is null)
            {
                key.Append('~');
                return null;
            }
            if (Unknown)
            {
                return node;
            }
            switch (node.NodeType)
            {
                case ExpressionType.Block or ExpressionType.Goto or ExpressionType.Label or ExpressionType.Loop or ExpressionType.Switch
                    or ExpressionType.Try or ExpressionType.Extension or ExpressionType.Dynamic or ExpressionType.RuntimeVariables
                    or ExpressionType.DebugInfo or ExpressionType.Index or ExpressionType.ListInit or ExpressionType.Invoke:
                    Unknown = true;
                    return node;
            }
            key.Append('(').Append((int)node.NodeType).Append(':');
            Type(node.Type);
            base.Visit(node);
            key.Append(')');
            return node;
        }

        protected override Expression VisitConstant(ConstantExpression node)
        {
            if (node.Value is null)
            {
                key.Append('0');
            }
            else
            {
                key.Append('c');
                Constants.Add(node.Value);
            }
            return node;
        }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            if (!parameters.TryGetValue(node, out var n))
            {
                n = parameters.Count;
                parameters[node] = n;
            }
            key.Append('p').Append(n);
            return node;
        }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            Member(node.Method);
            return base.VisitMethodCall(node);
        }

        protected override Expression VisitMember(MemberExpression node)
        {
            Member(node.Member);
            return base.VisitMember(node);
        }

        protected override Expression VisitUnary(UnaryExpression node)
        {
            Member(node.Method);
            return base.VisitUnary(node);
        }

        protected override Expression VisitBinary(BinaryExpression node)
        {
            Member(node.Method);
            key.Append(node.IsLiftedToNull ? 'L' : 'l');
            return base.VisitBinary(node);
        }

        protected override Expression VisitTypeBinary(TypeBinaryExpression node)
        {
            Type(node.TypeOperand);
            return base.VisitTypeBinary(node);
        }

        protected override Expression VisitNew(NewExpression node)
        {
            Member(node.Constructor);
            foreach (var m in node.Members ?? [])
            {
                Member(m);
            }
            return base.VisitNew(node);
        }

        protected override MemberBinding VisitMemberBinding(MemberBinding node)
        {
            if (node.BindingType != MemberBindingType.Assignment)
            {
                Unknown = true;
                return node;
            }
            key.Append('=');
            Member(node.Member);
            return base.VisitMemberBinding(node);
        }

        protected override Expression VisitLambda<T>(Expression<T> node)
        {
            key.Append('λ').Append(node.Parameters.Count);
            return base.VisitLambda(node);
        }

        private void Type(Type type) => key.Append('t').Append(type.TypeHandle.Value);

        private void Member(MemberInfo? member)
        {
            if (member is null)
            {
                key.Append('-');
                return;
            }
            key.Append('m').Append(member.MetadataToken).Append('@');
            Type(member.DeclaringType ?? typeof(object));
            if (member is MethodInfo { IsGenericMethod: true } generic)
            {
                foreach (var argument in generic.GetGenericArguments())
                {
                    Type(argument);
                }
            }
        }
    }

    /// <summary>Turns Queryable calls into the Enumerable calls LINQ to Objects runs (what EnumerableQuery does before it compiles).</summary>
    private sealed class Enumerables : ExpressionVisitor
    {
        public static readonly Enumerables Instance = new();

        private static readonly ConcurrentDictionary<MethodInfo, MethodInfo> Twins = new();

        protected override Expression VisitUnary(UnaryExpression node) =>
            node.NodeType == ExpressionType.Quote ? Visit(node.Operand) : base.VisitUnary(node);

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.DeclaringType != typeof(Queryable))
            {
                return base.VisitMethodCall(node);
            }
            var arguments = node.Arguments.Select(a => Visit(a)).ToArray();
            var twin = Twins.GetOrAdd(node.Method, method => TwinOf(method, arguments));
            return Expression.Call(twin, arguments);
        }

        private static MethodInfo TwinOf(MethodInfo method, Expression[] arguments)
        {
            var generics = method.IsGenericMethod ? method.GetGenericArguments() : [];
            foreach (var candidate in typeof(Enumerable).GetMethods(BindingFlags.Public | BindingFlags.Static))
            {
                if (candidate.Name != method.Name || candidate.GetParameters().Length != arguments.Length
                    || candidate.IsGenericMethod != method.IsGenericMethod
                    || (candidate.IsGenericMethod && candidate.GetGenericArguments().Length != generics.Length))
                {
                    continue;
                }
                MethodInfo closed;
                try
                {
                    closed = candidate.IsGenericMethod ? candidate.MakeGenericMethod(generics) : candidate;
                }
                catch (ArgumentException)
                {
                    continue; // the generic arguments break the candidate's constraints
                }
                if (closed.GetParameters().Zip(arguments).All(p => p.First.ParameterType.IsAssignableFrom(p.Second.Type)))
                {
                    return closed;
                }
            }
            throw new NotSupportedException($"No Enumerable method matches Queryable.{method.Name}.");
        }
    }
}
